import Prometheus
import Services

/// Everything the HTTP layer calls: the Services, and the metrics registry it exposes.
public struct HTTPServices: Sendable {
    public var readiness: ReadinessService
    public var auth: AuthService
    public var organization: OrganizationService
    public var estates: EstateService
    public var audit: AuditService
    public var staff: StaffAccountService
    public var company: CompanyService
    public var responsibilities: ResponsibilityService
    public var owners: OwnerService
    public var developers: DeveloperService
    public var committees: CommitteeService
    public var tickets: TicketService
    public var slaPolicy: SLAPolicyService
    public var notifications: NotificationService
    public var returnVisitSamples: ReturnVisitSampleService
    public var metrics: PrometheusCollectorRegistry

    public init(
        readiness: ReadinessService, auth: AuthService, organization: OrganizationService, estates: EstateService,
        audit: AuditService, staff: StaffAccountService, company: CompanyService,
        responsibilities: ResponsibilityService, owners: OwnerService, developers: DeveloperService,
        committees: CommitteeService, tickets: TicketService, slaPolicy: SLAPolicyService,
        notifications: NotificationService, returnVisitSamples: ReturnVisitSampleService, metrics: PrometheusCollectorRegistry
    ) {
        self.readiness = readiness
        self.auth = auth
        self.organization = organization
        self.estates = estates
        self.audit = audit
        self.staff = staff
        self.company = company
        self.responsibilities = responsibilities
        self.owners = owners
        self.developers = developers
        self.committees = committees
        self.tickets = tickets
        self.slaPolicy = slaPolicy
        self.notifications = notifications
        self.returnVisitSamples = returnVisitSamples
        self.metrics = metrics
    }
}
