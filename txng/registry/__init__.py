"""The province's registry: parties, their locations, products, lots and certificates.

Every write also keeps the EPCIS master data (``VocabularyElement`` rows) of locations,
products and lots in step, so that query answers and WD_bizLocation see the registry.
"""
