"""What the reader and the command line share: config, marks, presentation, opening."""
