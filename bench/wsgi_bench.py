"""The app as gunicorn serves it for the page benchmark: the bench config on BENCH_DATABASE_URL."""
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import scale_db  # noqa: E402

from notes_app import create_app  # noqa: E402

app = create_app(scale_db.bench_config(os.environ["BENCH_DATABASE_URL"]))
