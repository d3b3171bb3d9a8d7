"""What a person reads: numbers, labels, field words, report pages and warnings."""
