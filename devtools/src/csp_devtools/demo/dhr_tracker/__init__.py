"""The North Yorkshire demo (north_yorkshire.json), loaded through dhr-tracker's own API:
five reviews since 2018 (three published, one signed off by the Home Office and awaiting
publication, one just commissioned after a suicide with an independent chair appointed),
their recommendations on the partnership's common themes, and the training plan that
carries them. The two recent reviews are dated back from the day of loading, so that
"awaiting publication" and "just commissioned" stay true whenever the demo is run.
"""
