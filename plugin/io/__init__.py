"""Reading layers into arrays and writing arrays back as layers and files."""
