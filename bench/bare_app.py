"""The floor: a bare Flask + Flask-SQLAlchemy + Jinja page of 50 rows, nothing of Knotwork.

`prepare(url)` creates and fills its one table before gunicorn starts (never at import).
"""
import os

from flask import Flask, render_template_string
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class BareItem(db.Model):
    """A row of the bare page."""

    __tablename__ = "bench_bare_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(String(200))


PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bare</title></head>
<body><main><h1>Items</h1><table>{% for item in items %}<tr><td>{{ item.id }}</td>
<td>{{ item.name }}</td><td>{{ item.note }}</td></tr>{% endfor %}</table></main></body></html>"""


def create(url: str) -> Flask:
    """Return the bare app on a database URL."""
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    db.init_app(app)

    @app.get("/")
    def index():
        items = db.session.scalars(select(BareItem).order_by(BareItem.id).limit(50)).all()
        return render_template_string(PAGE, items=items)

    return app


def prepare(url: str) -> None:
    """Create the bare table with 50 rows (idempotent)."""
    app = create(url)
    with app.app_context():
        db.create_all()
        if db.session.scalar(select(BareItem.id).limit(1)) is None:
            db.session.add_all(BareItem(name=f"Item {i}", note=f"A short note about item {i}.")
                               for i in range(1, 51))
            db.session.commit()
        db.session.remove()
        db.engine.dispose()


if "BARE_DATABASE_URL" in os.environ:
    app = create(os.environ["BARE_DATABASE_URL"])
