"""Reading Azure: SDK clients -> the plain model in `core.model`. The only package that reads."""
