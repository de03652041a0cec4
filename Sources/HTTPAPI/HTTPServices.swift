import Foundation
import Persistence
import Prometheus
import Services

/// Everything the HTTP layer calls: the Services, and the metrics registry it exposes.
/// Built in one place for `liaison serve` and the tests alike, so a new Service is wired once.
public struct HTTPServices: Sendable {
    public let readiness: ReadinessService
    public let auth: AuthService
    public let organization: OrganizationService
    public let estates: EstateService
    public let audit: AuditService
    public let staff: StaffAccountService
    public let company: CompanyService
    public let responsibilities: ResponsibilityService
    public let owners: OwnerService
    public let developers: DeveloperService
    public let committees: CommitteeService
    public let tickets: TicketService
    public let slaPolicy: SLAPolicyService
    public let notifications: NotificationService
    public let returnVisitSamples: ReturnVisitSampleService
    public let serviceGuide: ServiceGuideService
    public let escalations: EscalationService
    public let correctiveActions: CorrectiveActionService
    public let complaintSummaries: ComplaintSummaryService
    public let defectChecks: DefectCheckService
    public let kpis: KPIService
    public let communications: CommunicationRecordService
    public let outgoingDocuments: OutgoingDocumentService
    public let developerMatters: DeveloperMatterService
    public let documents: DocumentService
    public let communicationPolicy: CommunicationPolicyService
    public let safetyDeviations: SafetyDeviationService
    public let safetyObservation: SafetyObservationService
    public let safetyCompliance: SafetyComplianceService
    public let safetyAnalysis: SafetyAnalysisService
    public let safetyPlans: SafetyPlanService
    public let safetyReports: SafetyReportService
    public let meetings: MeetingService
    public let meetingSchedule: MeetingScheduleService
    public let ownerCommunication: OwnerCommunicationService
    public let consultingProjects: ConsultingProjectService
    public let consultingReports: ConsultingReportService
    public let consultingDeliverables: ConsultingDeliverableService
    public let salesBuyers: SalesBuyerService
    public let informationRegister: InformationRegisterService
    public let notices: CustomerNoticeService
    public let noticeFeeds: NoticeFeedService
    public let surveyTemplates: SurveyTemplateService
    public let surveyCampaigns: SurveyCampaignService
    public let surveyLinks: SurveyLinkService
    public let attachments: AttachmentService
    public let activityPlans: ActivityPlanService
    public let communityActivities: CommunityActivityService
    public let officeExchanges: OfficeExchangeService
    public let presidentMailbox: PresidentMailboxService
    public let staffNeedsCensuses: StaffNeedsCensusService
    public let sales: SaleService
    public let metrics: PrometheusCollectorRegistry
    /// The Services' clock, for answers that depend on the time (e.g. whether a promise is overdue).
    public let now: @Sendable () -> Date

    /// Every Service over one database, reading time from `now` (the wall clock in production, a test clock in tests);
    /// `publicRequestsPerMinute` limits each client address on the public survey links.
    public init(
        database: Database, readiness: ReadinessService, hasher: PasswordHasher, metrics: PrometheusCollectorRegistry,
        publicRequestsPerMinute: Int = 30, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.readiness = readiness
        self.auth = AuthService(database: database, hasher: hasher, now: now)
        self.organization = OrganizationService(database: database, now: now)
        self.estates = EstateService(database: database, now: now)
        self.audit = AuditService(database: database, now: now)
        self.staff = StaffAccountService(database: database, hasher: hasher, now: now)
        self.company = CompanyService(database: database, now: now)
        self.responsibilities = ResponsibilityService(database: database, now: now)
        self.owners = OwnerService(database: database, now: now)
        self.developers = DeveloperService(database: database, now: now)
        self.committees = CommitteeService(database: database, now: now)
        self.tickets = TicketService(database: database, now: now)
        self.slaPolicy = SLAPolicyService(database: database, now: now)
        self.notifications = NotificationService(database: database, now: now)
        self.returnVisitSamples = ReturnVisitSampleService(database: database, now: now)
        self.serviceGuide = ServiceGuideService(database: database, now: now)
        self.escalations = EscalationService(database: database, now: now)
        self.correctiveActions = CorrectiveActionService(database: database, now: now)
        self.complaintSummaries = ComplaintSummaryService(database: database, now: now)
        self.defectChecks = DefectCheckService(database: database, now: now)
        self.kpis = KPIService(database: database, now: now)
        self.communications = CommunicationRecordService(database: database, now: now)
        self.outgoingDocuments = OutgoingDocumentService(database: database, now: now)
        self.developerMatters = DeveloperMatterService(database: database, now: now)
        self.documents = DocumentService(database: database, now: now)
        self.communicationPolicy = CommunicationPolicyService(database: database, now: now)
        self.safetyDeviations = SafetyDeviationService(database: database, now: now)
        self.safetyObservation = SafetyObservationService(database: database, now: now)
        self.safetyCompliance = SafetyComplianceService(database: database, now: now)
        self.safetyAnalysis = SafetyAnalysisService(database: database, now: now)
        self.safetyPlans = SafetyPlanService(database: database, now: now)
        self.safetyReports = SafetyReportService(database: database, now: now)
        self.meetings = MeetingService(database: database, now: now)
        self.meetingSchedule = MeetingScheduleService(database: database, now: now)
        self.ownerCommunication = OwnerCommunicationService(database: database, now: now)
        self.consultingProjects = ConsultingProjectService(database: database, now: now)
        self.consultingReports = ConsultingReportService(database: database, now: now)
        self.consultingDeliverables = ConsultingDeliverableService(database: database, now: now)
        self.salesBuyers = SalesBuyerService(database: database, now: now)
        self.informationRegister = InformationRegisterService(database: database, now: now)
        self.notices = CustomerNoticeService(database: database, now: now)
        self.noticeFeeds = NoticeFeedService(database: database, now: now)
        self.surveyTemplates = SurveyTemplateService(database: database, now: now)
        self.surveyCampaigns = SurveyCampaignService(database: database, now: now)
        self.attachments = AttachmentService(database: database, now: now)
        self.activityPlans = ActivityPlanService(database: database, now: now)
        self.communityActivities = CommunityActivityService(database: database, now: now)
        self.officeExchanges = OfficeExchangeService(database: database, now: now)
        self.presidentMailbox = PresidentMailboxService(database: database, now: now)
        self.staffNeedsCensuses = StaffNeedsCensusService(database: database, now: now)
        self.surveyLinks = SurveyLinkService(
            database: database, limiter: PublicRateLimiter(requestsPerMinute: publicRequestsPerMinute, now: now), now: now)
        self.sales = SaleService(database: database, now: now)
        self.metrics = metrics
        self.now = now
    }
}
