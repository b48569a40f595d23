"""An entry's files shown inside the app (pictures, PDFs, videos, recordings, e-mail), read
without holding up the window."""
