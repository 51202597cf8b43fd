"""The query side of EPCIS 2.0: the query language, its one SQL builder, named queries,
subscriptions and the REST query binding."""
