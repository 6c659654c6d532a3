  // -- diff: added with the diff output
