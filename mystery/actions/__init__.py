"""Corrective actions: what a client does about a failed item, with every change kept."""
