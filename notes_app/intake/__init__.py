"""Intake: health history, screening flags, the seven causes and signed consent, in versions."""
