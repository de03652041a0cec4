import APIContract
import Hummingbird
import Logging
import OpenAPIHummingbird
import ServiceLifecycle

/// Where and how the HTTP server listens.
public struct HTTPConfiguration: Sendable {
    public var host: String
    public var port: Int

    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }
}

/// Builds the whole application: the router, and the services that must run
/// beside it (the database pool), so that graceful shutdown stops the server
/// first and closes the pool after. `liaison serve` calls this; HTTP tests
/// call `buildRouter` and test the same router in-process.
public func buildApplication(
    configuration: HTTPConfiguration,
    services: HTTPServices,
    lifecycle: [any Service],
    logger: Logger
) throws -> some ApplicationProtocol {
    Application(
        router: try buildRouter(services: services),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "liaison"),
        services: lifecycle,
        logger: logger
    )
}

/// The router: middleware first (request id → access log → metrics →
/// problem+json), then, per operation, authentication and the handlers generated from openapi.yaml.
public func buildRouter(services: HTTPServices) throws -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.middlewares.add(RequestMetadataMiddleware())
    router.middlewares.add(AccessLogMiddleware())
    router.middlewares.add(MetricsMiddleware())
    router.middlewares.add(ProblemMiddleware())
    try APIHandler(services: services).registerHandlers(
        on: router, configuration: .liaison, middlewares: [AuthenticationMiddleware(auth: services.auth), RequestBodyLimitMiddleware(), PlainResponseHeadersMiddleware()])
    return router
}
