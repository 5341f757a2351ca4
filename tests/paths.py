"""Where the test data lives: the repo's own estates and ../shared's real ARM samples."""
import os

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("SMTP_SHARED_DIR", os.path.join(os.path.dirname(REPO), "shared"))
ARM_SAMPLES = os.path.join(SHARED, "reference", "arm-samples")
