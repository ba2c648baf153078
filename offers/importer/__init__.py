"""Reads a posting (a text, or a PDF, DOCX or ODT file) and proposes a draft offer.

One module per kind of fact (dates, places, durations, stipend, contacts, profile, headings), each
returning values with the excerpt of the posting they came from; ``posting.extract`` puts them
together and ``drafts`` saves them as a draft offer. Nothing here invents a fact: a value the text
does not state stays empty, and two values that disagree stay empty and are flagged.
"""
