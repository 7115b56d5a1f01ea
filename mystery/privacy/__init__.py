"""Data protection (DESIGN §17): retention purge, data-subject export, anonymisation."""
