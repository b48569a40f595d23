"""Files the app ships beside its code: fonts (with their licences), icons, translations."""
