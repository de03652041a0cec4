/// The rows and command outcome of one statement, copied out of libpq's
/// result (which is cleared at once), so it is a plain Sendable value.
public struct QueryResult: Sendable, RandomAccessCollection {
    let columns: ResultColumns
    let cells: [String?]
    /// The command tag, e.g. `INSERT 0 1`, `UPDATE 3`, `COMMIT`.
    public let commandTag: String
    /// Rows inserted, updated, deleted or selected, as the server reports them.
    public let affectedRows: Int

    init(columns: ResultColumns, cells: [String?], commandTag: String, affectedRows: Int) {
        self.columns = columns
        self.cells = cells
        self.commandTag = commandTag
        self.affectedRows = affectedRows
    }

    public var columnNames: [String] { columns.names }

    public var startIndex: Int { 0 }
    public var endIndex: Int { columns.names.isEmpty ? 0 : cells.count / columns.names.count }

    public subscript(position: Int) -> PostgresRow {
        let width = columns.names.count
        return PostgresRow(columns: columns, cells: cells[position * width..<(position + 1) * width])
    }

    /// The only row; an error naming the query's outcome otherwise.
    public func single() throws -> PostgresRow {
        guard count == 1 else {
            throw PersistenceError(kind: .decoding, message: "expected exactly one row, got \(count)")
        }
        return self[0]
    }
}

/// Column names, types and a name index, shared by every row of a result.
final class ResultColumns: Sendable {
    let names: [String]
    let types: [PostgresType]
    let indexByName: [String: Int]

    init(names: [String], types: [PostgresType]) {
        self.names = names
        self.types = types
        var index: [String: Int] = [:]
        // The first column of a name wins, as in SQL's own resolution of `SELECT a.x, b.x`.
        for (offset, name) in names.enumerated().reversed() { index[name] = offset }
        indexByName = index
    }
}

/// One result row. Decode columns by name or position into any `PostgresDecodable` type;
/// a wrong type, or NULL into a non-optional, is a `PersistenceError` naming the column.
public struct PostgresRow: Sendable {
    let columns: ResultColumns
    let cells: ArraySlice<String?>

    public func decode<Value: PostgresDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        guard let index = columns.indexByName[column] else {
            throw PersistenceError(kind: .missingColumn, message: "the result has no column \"\(column)\"", column: column)
        }
        return try decode(at: index, as: type)
    }

    public func decode<Value: PostgresDecodable>(at index: Int, as type: Value.Type = Value.self) throws -> Value {
        guard columns.names.indices.contains(index) else {
            throw PersistenceError(kind: .missingColumn, message: "the result has no column at position \(index)")
        }
        return try Value.decode(
            postgresText: cells[cells.startIndex + index], type: columns.types[index], column: columns.names[index])
    }

    /// Whether the cell is SQL NULL.
    public func isNull(_ column: String) throws -> Bool {
        guard let index = columns.indexByName[column] else {
            throw PersistenceError(kind: .missingColumn, message: "the result has no column \"\(column)\"", column: column)
        }
        return cells[cells.startIndex + index] == nil
    }
}
