"""The subject access bundle as a PDF (WeasyPrint), from HTML made with Jinja2 (every
value escaped). The PDF fetches nothing: the page has no link, image or style sheet
from anywhere."""

import asyncio

from jinja2 import Environment, select_autoescape
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from referral_hub.subject_access.schemas import SubjectAccessBundle

_NOTHING = URLFetcher(allowed_protocols=(), allow_redirects=False)

_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Subject access: {{ b.person_id }}</title>
<style>
  @page { size: A4; margin: 18mm 15mm;
          @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; } }
  body { font-family: sans-serif; font-size: 9pt; }
  h1 { font-size: 15pt; } h2 { font-size: 12pt; margin-top: 14pt; } h3 { font-size: 10pt; }
  table { border-collapse: collapse; width: 100%; margin-bottom: 8pt; }
  th, td { border: 0.5pt solid #999; padding: 2pt 3pt; text-align: left; vertical-align: top; }
  th { background: #eee; } .warn { color: #a00; font-weight: bold; }
</style></head><body>
<h1>Subject access bundle</h1>
<p>Produced {{ b.produced_at.isoformat() }} for {{ b.requested_by_agency }}, purpose:
{{ b.purpose }}.</p>
{% if not b.complete %}<p class="warn">Incomplete: a service did not answer in full (see
each service's status below).</p>{% endif %}
<h2>The person</h2>
<table>
<tr><th>Id</th><td>{{ b.person.id }}</td></tr>
<tr><th>Given name</th><td>{{ b.person.given_name }}</td></tr>
<tr><th>Family name</th><td>{{ b.person.family_name }}</td></tr>
<tr><th>Date of birth</th><td>{{ b.person.date_of_birth or "not held" }}</td></tr>
<tr><th>Gender</th><td>{{ b.person.gender or "not held" }}</td></tr>
<tr><th>Postcode</th><td>{{ b.person.postcode or "not held" }}</td></tr>
<tr><th>First recorded</th><td>{{ b.person.created_at.isoformat() }}</td></tr>
<tr><th>Merged records</th><td>{{ b.person.merged_ids | join(", ") or "none" }}</td></tr>
</table>
{% for part in b.sources %}
<h2>{{ part.source }}</h2>
{% if part.status == "answered" %}
<p>Answered: {{ part.entries | length }} entries.</p>
{% else %}
<p class="warn">Unavailable ({{ part.reason }}): what {{ part.source }} holds is not in
this bundle; ask again.</p>
{% endif %}
{% if part.entries %}
<table><tr><th>Day</th><th>What</th><th>Agency</th><th>Role</th><th>Record</th><th>Detail</th></tr>
{% for e in part.entries %}<tr><td>{{ e.occurred_on }}</td><td>{{ e.kind }}</td>
<td>{{ e.agency or "" }}</td><td>{{ e.role or "" }}</td><td>{{ e.record_id }}</td>
<td>{% for k, v in e.detail.items() %}{{ k }}: {{ v }}{% if not loop.last %}; {% endif %}
{% endfor %}</td></tr>
{% endfor %}</table>
{% endif %}
<h3>Who read or changed these records ({{ part.source }})</h3>
{% if part.audit_status != "answered" %}<p class="warn">Audit trail unavailable
({{ part.audit_reason }}).</p>
{% elif not part.audit %}<p>No access recorded.</p>
{% else %}
{% if part.audit_truncated %}<p class="warn">The trail is longer than a bundle carries:
the oldest {{ part.audit | length }} rows are shown.</p>{% endif %}
<table><tr><th>When</th><th>Agency</th><th>Who</th><th>Action</th><th>Record</th><th>Purpose</th></tr>
{% for a in part.audit %}<tr><td>{{ a.at.isoformat() }}</td><td>{{ a.agency }}</td>
<td>{{ a.subject }}</td><td>{{ a.action }}</td><td>{{ a.record_type }} {{ a.record_id }}</td>
<td>{{ a.purpose }}</td></tr>
{% endfor %}</table>
{% endif %}
{% endfor %}
</body></html>
"""

_template = Environment(autoescape=select_autoescape(default=True)).from_string(_TEMPLATE)


def bundle_html(bundle: SubjectAccessBundle) -> str:
    return _template.render(b=bundle)


def _pdf(html: str) -> bytes:
    return HTML(string=html, url_fetcher=_NOTHING).write_pdf()


async def bundle_pdf(bundle: SubjectAccessBundle) -> bytes:
    """In a thread: laying out a long trail takes a while of CPU."""
    return await asyncio.to_thread(_pdf, bundle_html(bundle))
