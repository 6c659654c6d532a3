  // -- matrix: added with the matrix output
