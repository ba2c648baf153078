"""Rendered descriptions are cached under a hash of their text: never stale, never re-rendered."""

from offers import rendering


def test_same_text_is_rendered_once(monkeypatch):
    calls = []
    real = rendering.render_markdown
    monkeypatch.setattr(rendering, "render_markdown", lambda text: calls.append(text) or real(text))
    first = rendering.cached_markdown("## Missions\n\n- Animer <script>alert(1)</script>")
    second = rendering.cached_markdown("## Missions\n\n- Animer <script>alert(1)</script>")
    assert first == second
    assert "<h3>Missions</h3>" in first and "<script>" not in first
    assert len(calls) == 1


def test_an_edited_text_is_rendered_anew():
    assert "Avant" in rendering.cached_markdown("Avant")
    assert "Après" in rendering.cached_markdown(
        "Après"
    ) and "Avant" not in rendering.cached_markdown("Après")
