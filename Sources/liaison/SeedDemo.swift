import ArgumentParser
import Domain
import Foundation
import Persistence
import Services

/// `liaison seed-demo`: a demo company to try the API with (see DemoDataService).
struct SeedDemo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed-demo",
        abstract: "Create demo offices, estates and one user per role (once; a second run changes nothing).")

    @Flag(help: "Read the demo users' password from standard input (default: a random one, printed).")
    var passwordStdin = false

    func run() async throws {
        let environment = Environment()
        try environment.bootstrapLogging()
        let password: String
        if passwordStdin {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw ValidationError("no password on standard input") }
            password = line
        } else {
            var generator = SystemRandomNumberGenerator()
            let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
            password = "demo-" + String((0..<12).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
        }
        let database = Database(configuration: try environment.database(assumeAppRole: true))
        let outcome: Result<DemoDataService.Outcome, any Error>
        do {
            outcome = .success(try await DemoDataService(database: database, hasher: PasswordHasher()).seed(password: password))
        } catch {
            outcome = .failure(error)
        }
        await database.shutdown()
        switch try outcome.get() {
        case .alreadyPresent:
            print("The demo data is already there; nothing was changed. (liaison create-user adds users.)")
        case .created(let usernames, let password):
            print("Demo company created: offices \(DemoDataService.offices.map(\.code).joined(separator: ", ")), 2 estates each.")
            print("Log in (POST /v1/sessions) as any of these users, password: \(password)")
            for username in usernames {
                let role = DemoDataService.users.first { $0.username == username }?.role.rawValue ?? ""
                print("  \(username.padding(toLength: 18, withPad: " ", startingAt: 0)) \(role)")
            }
        }
    }
}
