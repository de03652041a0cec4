import ArgumentParser

@main
struct Liaison: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "liaison",
        abstract: "Liaison: the communication and service-quality backend of a property-management group.",
        subcommands: [Serve.self, Migrate.self, CreateUser.self, SeedDemo.self, BIGrant.self]
    )
}
