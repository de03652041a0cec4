/// One page of a list, in id order, and where the next one starts.
public struct Page<Item: Sendable>: Sendable {
    public let items: [Item]
    /// Pass back as `after` to get the next page; nil on the last page.
    public let nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// Which page of a list to read. Every list is bounded: at most `maximumLimit` items a page.
public struct PageRequest: Sendable, Equatable {
    public static let defaultLimit = 50
    public static let maximumLimit = 200

    public let limit: Int
    /// The id after which the page starts (decoded from the opaque cursor).
    public let afterID: Int64?

    /// nil when the limit is out of 1...200 or the cursor is not one this API issued.
    public init?(limit: Int?, cursor: String?) {
        let limit = limit ?? Self.defaultLimit
        guard (1...Self.maximumLimit).contains(limit) else { return nil }
        self.limit = limit
        if let cursor {
            guard let id = Self.decode(cursor) else { return nil }
            self.afterID = id
        } else {
            self.afterID = nil
        }
    }

    /// Builds the page from up to `limit + 1` rows fetched in id order.
    public func page<Item>(from rows: [Item], id: (Item) -> Int64) -> Page<Item> {
        guard rows.count > limit else { return Page(items: rows, nextCursor: nil) }
        let items = Array(rows.prefix(limit))
        return Page(items: items, nextCursor: items.last.map { Self.encode(id($0)) })
    }

    /// Cursors are opaque to clients: `c` and the id in base 36.
    static func encode(_ id: Int64) -> String { "c" + String(id, radix: 36) }

    static func decode(_ cursor: String) -> Int64? {
        guard cursor.first == "c", cursor.count <= 16 else { return nil }
        return Int64(cursor.dropFirst(), radix: 36)
    }
}
