"""The editor's long pick-lists, built once: the row's value marked, nothing else."""
from notes_app.clinical.muscles import MUSCLES
from notes_app.clinical.regions import REGIONS
from notes_app.clinical.techniques import TECHNIQUES
from notes_app.sessions.panel import area_options, technique_options


def test_the_selected_area_alone_is_marked():
    html = str(area_options("UT"))
    assert html.count(" selected") == 1 and '<option value="UT" selected>' in html
    assert html.count("<option") == 1 + len(MUSCLES) + len(REGIONS)
    assert str(area_options("UTX")).count(" selected") == 0  # no prefix match


def test_odd_values_select_nothing_and_stay_escaped():
    for odd in (None, "", 7, '"><script>', "NOPE"):
        html = str(area_options(odd))
        assert " selected" not in html and "<script>" not in html


def test_techniques_and_placeholder():
    code = TECHNIQUES[0].code
    html = str(technique_options(code, "Pick one"))
    assert html.startswith('<option value="">Pick one</option>')
    assert f'<option value="{code}" selected>' in html
    assert html.count("<option") == 1 + len(TECHNIQUES)
