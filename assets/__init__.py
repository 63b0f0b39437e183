"""Asset definitions by layer (raw -> core -> publish), with their checks beside them."""
