"""whimbrel: political event coding with modality, speakers and evidence."""
__version__ = "0.1.0"
