"""The evidence pack: a snapshot of the diary, the PDF for police, the signed bundle of originals.

The only package that imports reportlab. `pack` reads the open vault on the calling thread; the
renderers see only the immutable snapshot, never a connection or a key.
"""
