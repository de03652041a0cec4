import Foundation
import Logging
import Persistence

/// Configuration read from the environment (flags, where a command has them, win).
/// Every variable is listed in the README.
struct Environment {
    var values: [String: String] = ProcessInfo.processInfo.environment

    func string(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = string(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError("\(name) must be a whole number in \(range.lowerBound)...\(range.upperBound), not \"\(text)\"")
        }
        return value
    }

    func bool(_ name: String, default fallback: Bool) throws -> Bool {
        guard let text = string(name)?.lowercased() else { return fallback }
        switch text {
        case "1", "true", "on", "yes": return true
        case "0", "false", "off", "no": return false
        default: throw ConfigurationError("\(name) must be on or off, not \"\(text)\"")
        }
    }

    /// `DATABASE_URL` and the pool settings. `role` nil means: connect as the login (migrations).
    func database(assumeAppRole: Bool) throws -> DatabaseConfiguration {
        guard let url = string("DATABASE_URL") else {
            throw ConfigurationError("DATABASE_URL is not set (a libpq URL such as postgresql://user@localhost:5432/liaison)")
        }
        let role = assumeAppRole ? (values["LIAISON_DB_ROLE"] ?? "liaison_app") : nil
        return DatabaseConfiguration(
            connectionString: url,
            role: role?.isEmpty == true ? nil : role,
            maxConnections: try integer("LIAISON_DB_POOL_SIZE", default: 10, range: 1...500),
            acquireTimeout: .milliseconds(try integer("LIAISON_DB_ACQUIRE_TIMEOUT_MS", default: 5000, range: 1...600_000))
        )
    }

    /// The `sql/` folder: the flag, else `LIAISON_MIGRATIONS_DIR`, else `sql` in the working directory.
    func migrationsDirectory(flag: String?) -> URL {
        URL(fileURLWithPath: flag ?? string("LIAISON_MIGRATIONS_DIR") ?? "sql")
    }

    /// Logs as text for people (default) or one JSON object per line (`LOG_FORMAT=json`), at `LOG_LEVEL`.
    func bootstrapLogging() throws {
        let levelText = string("LOG_LEVEL") ?? "info"
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw ConfigurationError("LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical")
        }
        let json: Bool
        switch string("LOG_FORMAT")?.lowercased() ?? "text" {
        case "json": json = true
        case "text": json = false
        default: throw ConfigurationError("LOG_FORMAT must be text or json")
        }
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

struct ConfigurationError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
