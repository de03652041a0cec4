import Crypto
import Foundation

/// One file of `sql/`: `NNNN_name.sql`, applied once, in version order, in one
/// transaction, and never edited after it has landed (its SHA-256 is recorded).
public struct Migration: Sendable, Hashable {
    public let version: Int
    public let fileName: String
    public let sql: String
    /// SHA-256 of the file's bytes, lowercase hex.
    public let checksum: String

    public init(version: Int, fileName: String, sql: String) {
        self.version = version
        self.fileName = fileName
        self.sql = sql
        self.checksum = SHA256.hash(data: Data(sql.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Loads every `NNNN_name.sql` of a folder, sorted by version. Other files are ignored;
    /// a malformed name that looks like a migration, or a repeated version, is an error.
    public static func load(from directory: URL) throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw MigrationError.unreadableDirectory(directory.path)
        }
        var migrations: [Migration] = []
        for name in names where name.hasSuffix(".sql") {
            guard let version = version(ofFileName: name) else {
                throw MigrationError.invalidFileName(name)
            }
            let url = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path),
                  let text = String(data: data, encoding: .utf8)
            else { throw MigrationError.unreadableFile(name) }
            if let other = migrations.first(where: { $0.version == version }) {
                throw MigrationError.duplicateVersion(version, other.fileName, name)
            }
            migrations.append(Migration(version: version, fileName: name, sql: text))
        }
        guard !migrations.isEmpty else { throw MigrationError.noMigrations(directory.path) }
        return migrations.sorted { $0.version < $1.version }
    }

    /// `0007_tickets.sql` → 7; nil unless four digits, an underscore, lowercase words and `.sql`.
    static func version(ofFileName name: String) -> Int? {
        let stem = name.dropLast(".sql".count)
        let parts = stem.split(separator: "_", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCII),
              let version = Int(parts[0]), version > 0,
              parts[1].allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") })
        else { return nil }
        return version
    }
}

/// Why migrating refused or failed.
public enum MigrationError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadableDirectory(String)
    case unreadableFile(String)
    case invalidFileName(String)
    case duplicateVersion(Int, String, String)
    case noMigrations(String)
    /// A file that was applied has changed since: migrations are append-only.
    case edited(version: Int, fileName: String)
    /// The database has a migration this build does not know: it is newer than the code.
    case unknownApplied(version: Int, fileName: String)
    /// A migration's SQL failed; nothing of it was applied.
    case failed(version: Int, fileName: String, reason: String)

    public var description: String {
        switch self {
        case .unreadableDirectory(let path): "cannot read the migrations folder \(path)"
        case .unreadableFile(let name): "cannot read \(name) as UTF-8 text"
        case .invalidFileName(let name): "\(name) is not named NNNN_lowercase_words.sql"
        case .duplicateVersion(let version, let a, let b): "version \(version) appears twice: \(a) and \(b)"
        case .noMigrations(let path): "no migrations in \(path)"
        case .edited(let version, let name):
            "\(name) (version \(version)) was edited after it was applied; add a new migration instead"
        case .unknownApplied(let version, let name):
            "the database has migration \(version) (\(name)), which this build does not know; deploy the newer build"
        case .failed(let version, let name, let reason): "\(name) (version \(version)) failed: \(reason)"
        }
    }
}
