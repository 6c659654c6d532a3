"""The lint machinery shared by every subject: file classification, configuration,
suppression comments and fixes. The checks themselves live in each subject's ``rules``
package."""
