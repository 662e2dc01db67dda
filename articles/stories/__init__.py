"""Stories: the versions of one story from several outlets, found by their text and shown once.

fingerprint.py   text → shingles → MinHash signature and LSH band keys (no database)
grouping.py      an article's fingerprint stored, its candidates found by band key, its story joined or left
editing.py       editors' split and merge, which automatic grouping then leaves alone
"""
