import ArgumentParser
import Domain
import Foundation
import Logging
import Persistence
import Services

/// `liaison create-user`: the bootstrap account, before anyone can log in to create others.
struct CreateUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-user",
        abstract: "Create a staff account (bootstrap); the password is read from standard input.")

    @Option(help: "Login name: 3-64 lowercase letters, digits, '.', '_' or '-'.")
    var username: String

    @Option(help: "Name shown to others (default: the username).")
    var displayName: String?

    @Option(help: "A role (repeatable): \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
    var role: [String]

    @Option(help: "Code of an office the user belongs to (repeatable).")
    var office: [String] = []

    @Option(help: "Code of the user's HQ department (e.g. QUALITY).")
    var department: String?

    @Flag(help: "Read the password from the first line of standard input (required).")
    var passwordStdin = false

    func validate() throws {
        guard passwordStdin else { throw ValidationError("--password-stdin is required: passwords never go on the command line") }
        for name in role where Role(rawValue: name) == nil {
            throw ValidationError("unknown role \(name); roles: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let environment = Environment()
        try environment.bootstrapLogging()
        guard let password = readLine(strippingNewline: true), !password.isEmpty else {
            throw ValidationError("no password on standard input")
        }
        let database = Database(configuration: try environment.database(assumeAppRole: true))
        let service = StaffAccountService(database: database, hasher: PasswordHasher())
        let outcome: Result<StaffUser, any Error>
        do {
            outcome = .success(try await service.createFromCommandLine(.init(
                username: username, displayName: displayName, password: password,
                roles: Set(role.compactMap(Role.init(rawValue:))), officeCodes: office, departmentCode: department)))
        } catch {
            outcome = .failure(error)
        }
        await database.shutdown()
        do {
            let user = try outcome.get()
            print("Created user \(user.username) (id \(user.id)) with roles \(user.roles.map(\.rawValue).sorted().joined(separator: ", ")).")
        } catch ServiceError.validation(let issues) {
            throw ValidationError(issues.map { "\($0.field): \($0.message)" }.joined(separator: "; "))
        } catch ServiceError.conflict(_, let message) {
            throw ValidationError(message)
        }
    }
}
