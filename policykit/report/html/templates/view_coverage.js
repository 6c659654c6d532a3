  // -- coverage: added with the coverage output
