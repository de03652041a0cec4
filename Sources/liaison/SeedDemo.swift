import ArgumentParser
import Domain
import Foundation
import Persistence
import Services

/// `liaison seed-demo`: a demo company to try the API with (see DemoDataService).
struct SeedDemo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed-demo",
        abstract: "Create demo offices, estates and one user per role (once; a second run changes nothing); with --offices, months of ticket history instead.")

    @Flag(help: "Read the demo users' password from standard input (default: a random one, printed).")
    var passwordStdin = false

    @Option(help: "History mode: how many offices (H001…) get ticket history.")
    var offices: Int?

    @Option(help: "History mode: months of history, ending with the current one.")
    var months = 12

    @Option(help: "History mode: tickets received per office and month.")
    var ticketsPerOfficeMonth = 100

    @Option(help: "History mode: the random seed (the same arguments give the same history).")
    var seed: UInt64 = 1

    func validate() throws {
        if let offices, !(1...999).contains(offices) { throw ValidationError("--offices must be 1-999") }
        guard (1...120).contains(months) else { throw ValidationError("--months must be 1-120") }
        guard (1...100_000).contains(ticketsPerOfficeMonth) else { throw ValidationError("--tickets-per-office-month must be 1-100000") }
    }

    func run() async throws {
        let environment = Environment()
        try environment.bootstrapLogging()
        if let offices {
            try await seedHistory(environment, plan: .init(offices: offices, months: months, ticketsPerOfficeMonth: ticketsPerOfficeMonth, seed: seed))
            return
        }
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

    /// Writes the history, then brings the KPI rollups up to date, timing both.
    func seedHistory(_ environment: Environment, plan: DemoHistoryService.Plan) async throws {
        let database = Database(configuration: try environment.database(assumeAppRole: true))
        let started = ContinuousClock.now
        let outcome: Result<(DemoHistoryService.Outcome, Duration, Int), any Error>
        do {
            let history = try await DemoHistoryService(database: database, hasher: PasswordHasher()).generate(plan) { office, tickets in
                if office % 10 == 0 || office == plan.offices { print("  office \(office)/\(plan.offices): \(tickets) tickets") }
            }
            let written = ContinuousClock.now - started
            let days = try await KPIRefresher(database: database).refreshAll()
            outcome = .success((history, written, days))
        } catch {
            outcome = .failure(error)
        }
        await database.shutdown()
        let (history, written, days) = try outcome.get()
        switch history {
        case .alreadyPresent:
            print("History offices are already there (\(DemoHistoryService.officeCode(1)) exists); nothing was changed.")
        case .created(let offices, let tickets):
            let total = ContinuousClock.now - started
            print("Created \(tickets) tickets in \(offices) offices in \(written); KPI rollups of \(days) office-days refreshed, \(total) in all.")
        }
    }
}
