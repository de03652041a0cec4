import Foundation
import Persistence
#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL cluster of one test's own, for faults that would break every other suite if
/// done to the shared cluster of `scripts/test` (stopping it, restarting it).
///
/// It is made and driven by the same shell functions as the shared cluster (`scripts/lib.sh`:
/// `init_cluster`, `start_cluster`, `stop_cluster`), so running as root (CI) works the same way.
/// It listens on a unix socket in its own temporary folder only: no TCP port is opened.
/// Use it through `PrivateCluster.with { … }`, which always stops and deletes it.
public struct PrivateCluster: Sendable {
    /// The temporary folder holding the data directory (`data`) and the socket (`run`).
    public let folder: URL
    /// The port, which here only names the socket file (`.s.PGSQL.<port>`).
    public let port: Int

    var dataDirectory: String { folder.appendingPathComponent("data").path }
    var socketDirectory: String { folder.appendingPathComponent("run").path }

    /// Starts a new cluster, runs `body` with it, and stops and deletes it afterwards, also when `body` throws.
    public static func with<Result: Sendable>(_ body: (PrivateCluster) async throws -> Result) async throws -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-private-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        // The cluster's owner (postgres, when the tests run as root) must reach the data and socket folders inside.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        let portText = try await shell("free_port").trimmingCharacters(in: .whitespacesAndNewlines)
        let cluster = PrivateCluster(folder: folder, port: Int(portText) ?? 5432)
        do {
            try await shell("init_cluster", cluster.dataDirectory)
            try await cluster.start()
            let result = try await body(cluster)
            await cluster.destroy()
            return result
        } catch {
            await cluster.destroy()
            throw error
        }
    }

    /// The superuser's URL of a database of this cluster (over the unix socket).
    public func url(database: String = "postgres") -> String {
        "postgresql://postgres@/\(database)?host=\(socketDirectory)&port=\(port)"
    }

    /// Creates a database and applies this build's migrations to it as `liaison migrate` does
    /// (roles included: the cluster is new); its superuser URL.
    public func createMigratedDatabase(_ name: String) async throws -> String {
        let admin = TestDatabase.adminDatabase(url: url(), maxConnections: 1)
        do {
            try await admin.withConnection { try await $0.execute("CREATE DATABASE \(SQLIdentifier(name))") }
            await admin.shutdown()
        } catch {
            await admin.shutdown()
            throw error
        }
        let database = Database(configuration: DatabaseConfiguration(
            connectionString: url(database: name), role: nil, maxConnections: 1, applicationName: "liaison-test-migrate"))
        do {
            try await Migrator(database: database, migrations: Migration.load(from: TestDatabase.migrationsDirectory)).migrate()
            await database.shutdown()
        } catch {
            await database.shutdown()
            throw error
        }
        return url(database: name)
    }

    /// Starts the (stopped) cluster on the same data directory, socket and port; returns once it accepts connections.
    public func start() async throws {
        // Durability is pointless for a cluster that lives for one test.
        try await Self.shell("start_cluster", dataDirectory, socketDirectory, String(port), "fsync=off", "full_page_writes=off")
    }

    /// Stops the cluster (`fast`: open connections are terminated, as in a restart) and returns once it is down.
    public func stop(mode: String = "fast") async throws {
        try await Self.shell("stop_cluster", dataDirectory, mode)
    }

    private func destroy() async {
        _ = try? await Self.shell("stop_cluster", dataDirectory, "immediate")
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs one function of scripts/lib.sh; its standard output.
    ///
    /// A plain posix_spawn, and waitpid on a Dispatch thread: a blocking wait must not run on Swift's cooperative
    /// pool (which `scripts/test` runs with a single thread), and Foundation's `Process` was seen to leave an exited
    /// child unreaped here, its termination handler never called.
    @discardableResult
    static func shell(_ function: String, _ arguments: String...) async throws -> String {
        let library = TestDatabase.repositoryRoot.appendingPathComponent("scripts/lib.sh").path
        // Files rather than pipes: nothing has to drain them while the process runs.
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-shell-\(UUID().uuidString)").path
        defer {
            try? FileManager.default.removeItem(atPath: output + ".out")
            try? FileManager.default.removeItem(atPath: output + ".err")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, output + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ["/bin/bash", "-c", #"source "$0" && "$@""#, library, function] + arguments
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/bash", &actions, nil, cArguments, environ)
        guard spawned == 0 else { throw PrivateClusterError.shellFailed(function: function, status: spawned, stderr: "posix_spawn failed") }
        let child = pid
        let status: Int32 = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var status: Int32 = 0
                while waitpid(child, &status, 0) == -1 && errno == EINTR {}
                continuation.resume(returning: status)
            }
        }
        let read = { (suffix: String) in (try? String(contentsOfFile: output + suffix, encoding: .utf8)) ?? "" }
        // The exit code, when the process exited rather than died of a signal (WIFEXITED, WEXITSTATUS).
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw PrivateClusterError.shellFailed(function: function, status: status, stderr: read(".err"))
        }
        return read(".out")
    }
}

public enum PrivateClusterError: Error, CustomStringConvertible {
    case shellFailed(function: String, status: Int32, stderr: String)

    public var description: String {
        switch self {
        case .shellFailed(let function, let status, let stderr): "scripts/lib.sh \(function) exited with \(status): \(stderr)"
        }
    }
}
