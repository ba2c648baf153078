"""Read an admin page's form as a browser would submit it, so tests post the real form."""

from bs4 import BeautifulSoup


def form_data(response, form_id: str | None = None) -> dict:
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.find("form", id=form_id) if form_id else soup.find("form", method="post")
    assert form is not None, "no form on the page"
    data: dict = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        if field.name == "textarea":
            data[name] = field.text.removeprefix("\n")
        elif field.name == "select":
            chosen = [
                o.get("value", o.text) for o in field.find_all("option") if o.has_attr("selected")
            ]
            if field.has_attr("multiple"):
                data[name] = chosen
            elif chosen or field.find("option"):
                data[name] = chosen[0] if chosen else field.find("option").get("value", "")
        elif field.get("type") in {"checkbox", "radio"}:
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.get("type") in {"submit", "button", "image", "reset"}:
            continue
        else:
            data[name] = field.get("value", "")
    return data


def deadline_rows(data: dict, *rows: dict, prefix: str = "deadlines") -> dict:
    """Fills the empty inline rows of the deadlines formset with the given deadlines."""
    initial = int(data[f"{prefix}-INITIAL_FORMS"])
    for offset, row in enumerate(rows):
        index = initial + offset
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(initial + len(rows))
    return data
