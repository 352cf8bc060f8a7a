"""The one error a reader of pabulib files raises: where the file is wrong, and what was expected."""


class PabulibError(ValueError):
    """A malformed `.pb` file, located by line (1-based) and column (1-based field number)."""

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        column_name: str | None = None,
        path: str | None = None,
    ) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.column_name = column_name
        self.path = path
        super().__init__(self.describe())

    def describe(self) -> str:
        """The French sentence a person reads, e.g. `ligne 12, colonne 2 (« cost ») : ...`."""
        where = []
        if self.path:
            where.append(f"fichier {self.path}")
        if self.line is not None:
            where.append(f"ligne {self.line}")
        if self.column is not None:
            column = f"colonne {self.column}"
            if self.column_name:
                column += f" (« {self.column_name} »)"
            where.append(column)
        prefix = ", ".join(where)
        return f"{prefix} : {self.message}" if prefix else self.message

    def with_path(self, path: str) -> "PabulibError":
        return PabulibError(
            self.message,
            line=self.line,
            column=self.column,
            column_name=self.column_name,
            path=path,
        )
