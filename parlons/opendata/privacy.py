# Open-data settings and export runs describe the publication, never a person.
NOT_PERSONAL = {
    "opendata.ExportRun.error": "a technical error of the file writer, written by the program",
}
