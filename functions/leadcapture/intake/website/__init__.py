"""What a practice's website is to the submit function: its form's field names (presets, aliases) and its origins."""
