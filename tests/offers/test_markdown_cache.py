"""Rendered descriptions are cached under a hash of their text: never stale, never re-rendered."""

from offers.templatetags import offers as tags


def test_same_text_is_rendered_once(monkeypatch):
    calls = []
    real = tags.render_markdown
    monkeypatch.setattr(tags, "render_markdown", lambda text: calls.append(text) or real(text))
    first = tags.markdown("## Missions\n\n- Animer <script>alert(1)</script>")
    second = tags.markdown("## Missions\n\n- Animer <script>alert(1)</script>")
    assert first == second
    assert "<h3>Missions</h3>" in first and "<script>" not in first
    assert len(calls) == 1


def test_an_edited_text_is_rendered_anew():
    assert "Avant" in tags.markdown("Avant")
    assert "Après" in tags.markdown("Après") and "Avant" not in tags.markdown("Après")
