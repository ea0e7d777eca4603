"""vpsearch's indexer: reads corpora, strips boilerplate, extracts metadata, builds the index."""
