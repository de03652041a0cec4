import ArgumentParser
import Foundation
import Persistence

/// `liaison bi-grant`: a database login for a BI tool (BI-2), a member of `liaison_bi`, which
/// reads the `bi` views and nothing else. Run with a DATABASE_URL that may create roles.
struct BIGrant: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bi-grant",
        abstract: "Create a read-only login for a BI tool (or reset its password); the password is read from standard input.")

    @Option(help: "The login's name: lowercase letters, digits and '_' (e.g. metabase).")
    var user: String

    @Flag(help: "Read the password from the first line of standard input (required).")
    var passwordStdin = false

    func validate() throws {
        guard passwordStdin else { throw ValidationError("--password-stdin is required: passwords never go on the command line") }
        guard BILoginRepository.isValidName(user) else {
            throw ValidationError("\(user) is not a valid login name (lowercase letters, digits and '_', at most 63)")
        }
    }

    func run() async throws {
        let environment = Environment()
        try environment.bootstrapLogging()
        guard let password = readLine(strippingNewline: true), !password.isEmpty else {
            throw ValidationError("no password on standard input")
        }
        let database = Database(configuration: try environment.database(assumeAppRole: false))
        let outcome: Result<Bool, any Error>
        do {
            outcome = .success(try await database.withTransaction { tx in
                try await BILoginRepository.grant(login: user, password: password, in: tx)
            })
        } catch {
            outcome = .failure(error)
        }
        await database.shutdown()
        let created = try outcome.get()
        print(created
            ? "Created the login \(user): it may read the bi schema and nothing else."
            : "The login \(user) exists: its password is reset and it is a member of liaison_bi.")
    }
}
