"""A page that only says something: a refusal, a bad link, a subscription gone."""

from django.shortcuts import render


def message_page(request, title: str, message: str, status: int):
    return render(request, "message.html", {"title": title, "message": message}, status=status)
