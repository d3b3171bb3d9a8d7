"""Everything in CrimeRisk that knows QGIS: the plugin, the provider, reading and writing layers."""
