/// The SSM requests patchsim reads, with every constraint the service model states for
/// them (botocore `ssm/2014-11-06`: required members, lengths, patterns, ranges, list
/// sizes, enums), written out by hand. The decoders validate each scenario entry against
/// its request's shape before reading it; the model itself is a reference the tests hold.
public enum SSMRequestShapes {
    typealias M = JSONShape.Member

    // MARK: - Shared members

    static let name128 = JSONShape.string(length: 3...128, pattern: "^[a-zA-Z0-9_\\-.]{3,128}$")
    static let description128 = JSONShape.string(length: 1...128)
    static let clientToken = JSONShape.string(length: 1...64)
    static let tagText = "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$"
    static let tags = JSONShape.list(.structure("Tag", [
        M("Key", .string(length: 1...128, pattern: tagText), required: true),
        M("Value", .string(length: 0...256, pattern: tagText), required: true),
    ]), count: 0...1000)
    public static let target = JSONShape.structure("Target", [
        M("Key", .string(length: 1...163, pattern: "^[\\p{L}\\p{Z}\\p{N}_.:/=\\-@]*$|resource-groups:ResourceTypeFilters|resource-groups:Name")),
        M("Values", .list(.string(), count: 0...50)),
    ])
    static let targets = JSONShape.list(target, count: 0...5)
    static let maxConcurrency = JSONShape.string(length: 1...7, pattern: "^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$")
    static let maxErrors = JSONShape.string(length: 1...7, pattern: "^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$")
    static let documentVersion = JSONShape.string(pattern: "([$]LATEST|[$]DEFAULT|^[1-9][0-9]*$)")
    static let alarmConfiguration = JSONShape.structure("AlarmConfiguration", [
        M("IgnorePollAlarmFailure", .boolean),
        M("Alarms", .list(.structure("Alarm", [M("Name", .string(length: 1...255, pattern: "^(?!\\s*$).+"), required: true)]), count: 1...1), required: true),
    ])
    static let notificationConfig = JSONShape.structure("NotificationConfig", [
        M("NotificationArn", .string()),
        M("NotificationEvents", .list(.enumeration(["All", "InProgress", "Success", "TimedOut", "Cancelled", "Failed"]))),
        M("NotificationType", .enumeration(["Command", "Invocation"])),
    ])
    static let cloudWatchOutputConfig = JSONShape.structure("CloudWatchOutputConfig", [
        M("CloudWatchLogGroupName", .string(length: 1...512)), M("CloudWatchOutputEnabled", .boolean),
    ])
    static let s3Bucket = JSONShape.string(length: 3...63)
    static let s3KeyPrefix = JSONShape.string(length: 0...500)
    static let s3Region = JSONShape.string(length: 3...20)
    static let instanceId = JSONShape.string(pattern: "(^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)")
    static let documentParameters = JSONShape.map(key: .string(), value: .list(.string()))
    public static let windowId = JSONShape.string(length: 20...20, pattern: "^mw-[0-9a-f]{17}$")

    // MARK: - Patch baselines

    public static let operatingSystems = ["WINDOWS", "AMAZON_LINUX", "AMAZON_LINUX_2", "AMAZON_LINUX_2022", "UBUNTU", "REDHAT_ENTERPRISE_LINUX",
                                          "SUSE", "CENTOS", "ORACLE_LINUX", "DEBIAN", "MACOS", "RASPBIAN", "ROCKY_LINUX", "ALMA_LINUX", "AMAZON_LINUX_2023"]
    static let filterKeys = ["ARCH", "ADVISORY_ID", "BUGZILLA_ID", "PATCH_SET", "PRODUCT", "PRODUCT_FAMILY", "CLASSIFICATION", "CVE_ID", "EPOCH",
                             "MSRC_SEVERITY", "NAME", "PATCH_ID", "SECTION", "PRIORITY", "REPOSITORY", "RELEASE", "SEVERITY", "SECURITY", "VERSION"]
    static let complianceLevel = JSONShape.enumeration(["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNSPECIFIED"])
    static let filterGroup = JSONShape.structure("PatchFilterGroup", [
        M("PatchFilters", .list(.structure("PatchFilter", [
            M("Key", .enumeration(filterKeys), required: true),
            M("Values", .list(.string(length: 1...64), count: 1...20), required: true),
        ]), count: 0...4), required: true),
    ])
    static let baselineMembers: [M] = [
        M("GlobalFilters", filterGroup),
        M("ApprovalRules", .structure("PatchRuleGroup", [
            M("PatchRules", .list(.structure("PatchRule", [
                M("PatchFilterGroup", filterGroup, required: true),
                M("ComplianceLevel", complianceLevel),
                M("ApproveAfterDays", .integer(0...360)),
                M("ApproveUntilDate", .string(length: 1...10)),
                M("EnableNonSecurity", .boolean),
            ]), count: 0...10), required: true),
        ])),
        M("ApprovedPatches", .list(.string(length: 1...100), count: 0...50)),
        M("ApprovedPatchesComplianceLevel", complianceLevel),
        M("ApprovedPatchesEnableNonSecurity", .boolean),
        M("RejectedPatches", .list(.string(length: 1...100), count: 0...50)),
        M("RejectedPatchesAction", .enumeration(["ALLOW_AS_DEPENDENCY", "BLOCK"])),
        M("Description", .string(length: 1...1024)),
        M("Sources", .list(.structure("PatchSource", [
            M("Name", .string(pattern: "^[a-zA-Z0-9_\\-.]{3,50}$"), required: true),
            M("Products", .list(.string(length: 1...128), count: 1...20), required: true),
            M("Configuration", .string(length: 1...1024), required: true),
        ]), count: 0...20)),
        M("AvailableSecurityUpdatesComplianceStatus", .enumeration(["COMPLIANT", "NON_COMPLIANT"])),
    ]
    public static let baselineId = JSONShape.string(length: 20...128, pattern: "^[a-zA-Z0-9_\\-:/]{20,128}$")
    public static let createPatchBaseline = JSONShape.structure("CreatePatchBaseline", [
        M("OperatingSystem", .enumeration(operatingSystems)),
        M("Name", name128, required: true),
    ] + baselineMembers + [M("ClientToken", clientToken), M("Tags", tags)])
    public static let updatePatchBaseline = JSONShape.structure("UpdatePatchBaseline", [
        M("BaselineId", baselineId, required: true),
        M("Name", name128),
    ] + baselineMembers + [M("Replace", .boolean)])

    // MARK: - Maintenance windows

    public static let createMaintenanceWindow = JSONShape.structure("CreateMaintenanceWindow", [
        M("Name", name128, required: true),
        M("Description", description128),
        M("StartDate", .string()),
        M("EndDate", .string()),
        M("Schedule", .string(length: 1...256), required: true),
        M("ScheduleTimezone", .string()),
        M("ScheduleOffset", .integer(1...6)),
        M("Duration", .integer(1...24), required: true),
        M("Cutoff", .integer(0...23), required: true),
        M("AllowUnassociatedTargets", .boolean, required: true),
        M("ClientToken", clientToken),
        M("Tags", tags),
    ])
    public static let registerTargetWithMaintenanceWindow = JSONShape.structure("RegisterTargetWithMaintenanceWindow", [
        M("WindowId", windowId, required: true),
        M("ResourceType", .enumeration(["INSTANCE", "RESOURCE_GROUP"]), required: true),
        M("Targets", targets, required: true),
        M("OwnerInformation", .string(length: 1...128)),
        M("Name", name128),
        M("Description", description128),
        M("ClientToken", clientToken),
    ])
    public static let registerTaskWithMaintenanceWindow = JSONShape.structure("RegisterTaskWithMaintenanceWindow", [
        M("WindowId", windowId, required: true),
        M("Targets", targets),
        M("TaskArn", .string(length: 1...1600), required: true),
        M("ServiceRoleArn", .string()),
        M("TaskType", .enumeration(["RUN_COMMAND", "AUTOMATION", "STEP_FUNCTIONS", "LAMBDA"]), required: true),
        M("TaskParameters", .map(key: .string(length: 1...255), value: .structure("MaintenanceWindowTaskParameterValueExpression", [
            M("Values", .list(.string(length: 1...255))),
        ]))),
        M("TaskInvocationParameters", .structure("MaintenanceWindowTaskInvocationParameters", [
            M("RunCommand", .structure("MaintenanceWindowRunCommandParameters", [
                M("Comment", .string(length: 0...100)),
                M("CloudWatchOutputConfig", cloudWatchOutputConfig),
                M("DocumentHash", .string(length: 0...256)),
                M("DocumentHashType", .enumeration(["Sha256", "Sha1"])),
                M("DocumentVersion", documentVersion),
                M("NotificationConfig", notificationConfig),
                M("OutputS3BucketName", s3Bucket),
                M("OutputS3KeyPrefix", s3KeyPrefix),
                M("Parameters", documentParameters),
                M("ServiceRoleArn", .string()),
                M("TimeoutSeconds", .integer(30...2_592_000)),
            ])),
            M("Automation", .structure("MaintenanceWindowAutomationParameters", [
                M("DocumentVersion", documentVersion),
                M("Parameters", .map(key: .string(length: 1...50), value: .list(.string(length: 1...512), count: 0...50), count: 1...200)),
            ])),
            M("StepFunctions", .structure("MaintenanceWindowStepFunctionsParameters", [
                M("Input", .string(length: 0...4096)), M("Name", .string(length: 1...80)),
            ])),
            M("Lambda", .structure("MaintenanceWindowLambdaParameters", [
                M("ClientContext", .string(length: 1...8000)), M("Qualifier", .string(length: 1...128)), M("Payload", .blob(maxBytes: 4096)),
            ])),
        ])),
        M("Priority", .integer(0...Int(Int32.max))),
        M("MaxConcurrency", maxConcurrency),
        M("MaxErrors", maxErrors),
        M("LoggingInfo", .structure("LoggingInfo", [
            M("S3BucketName", s3Bucket, required: true), M("S3KeyPrefix", s3KeyPrefix), M("S3Region", s3Region, required: true),
        ])),
        M("Name", name128),
        M("Description", description128),
        M("ClientToken", clientToken),
        M("CutoffBehavior", .enumeration(["CONTINUE_TASK", "CANCEL_TASK"])),
        M("AlarmConfiguration", alarmConfiguration),
    ])

    // MARK: - State Manager and Run Command

    static let targetLocation = JSONShape.structure("TargetLocation", [
        M("Accounts", .list(.string(), count: 1...50)), M("Regions", .list(.string(), count: 1...50)),
        M("TargetLocationMaxConcurrency", maxConcurrency), M("TargetLocationMaxErrors", maxErrors),
        M("ExecutionRoleName", .string(length: 1...64, pattern: "[\\w+=,.@/-]+")),
        M("TargetLocationAlarmConfiguration", alarmConfiguration), M("IncludeChildOrganizationUnits", .boolean),
        M("ExcludeAccounts", .list(.string(length: 6...68, pattern: "^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32})|(\\d{12})$"), count: 1...5000)),
        M("Targets", targets), M("TargetsMaxConcurrency", maxConcurrency), M("TargetsMaxErrors", maxErrors),
    ])
    public static let createAssociation = JSONShape.structure("CreateAssociation", [
        M("Name", .string(pattern: "^[a-zA-Z0-9_\\-.:/]{3,128}$"), required: true),
        M("DocumentVersion", documentVersion),
        M("InstanceId", instanceId),
        M("Parameters", documentParameters),
        M("Targets", targets),
        M("ScheduleExpression", .string(length: 1...256)),
        M("OutputLocation", .structure("InstanceAssociationOutputLocation", [
            M("S3Location", .structure("S3OutputLocation", [
                M("OutputS3Region", s3Region), M("OutputS3BucketName", s3Bucket), M("OutputS3KeyPrefix", s3KeyPrefix),
            ])),
        ])),
        M("AssociationName", .string(pattern: "^[a-zA-Z0-9_\\-.]{3,128}$")),
        M("AutomationTargetParameterName", .string(length: 1...50)),
        M("MaxErrors", maxErrors),
        M("MaxConcurrency", maxConcurrency),
        M("ComplianceSeverity", .enumeration(["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNSPECIFIED"])),
        M("SyncCompliance", .enumeration(["AUTO", "MANUAL"])),
        M("ApplyOnlyAtCronInterval", .boolean),
        M("CalendarNames", .list(.string())),
        M("TargetLocations", .list(targetLocation, count: 1...100)),
        M("ScheduleOffset", .integer(1...6)),
        M("Duration", .integer(1...24)),
        M("TargetMaps", .list(.map(key: .string(length: 1...50), value: .list(.string(length: 1...50), count: 0...25), count: 1...20), count: 0...300)),
        M("Tags", tags),
        M("AlarmConfiguration", alarmConfiguration),
        M("AssociationDispatchAssumeRole", .string(length: 1...512, pattern: "arn:aws(-[^:]+)?:iam::[0-9]{12}:role/.+")),
    ])
    public static let sendCommand = JSONShape.structure("SendCommand", [
        M("InstanceIds", .list(instanceId, count: 0...50)),
        M("Targets", targets),
        M("DocumentName", .string(pattern: "^[a-zA-Z0-9_\\-.:/]{3,128}$"), required: true),
        M("DocumentVersion", documentVersion),
        M("DocumentHash", .string(length: 0...256)),
        M("DocumentHashType", .enumeration(["Sha256", "Sha1"])),
        M("TimeoutSeconds", .integer(30...2_592_000)),
        M("Comment", .string(length: 0...100)),
        M("Parameters", documentParameters),
        M("OutputS3Region", s3Region),
        M("OutputS3BucketName", s3Bucket),
        M("OutputS3KeyPrefix", s3KeyPrefix),
        M("MaxConcurrency", maxConcurrency),
        M("MaxErrors", maxErrors),
        M("ServiceRoleArn", .string()),
        M("NotificationConfig", notificationConfig),
        M("CloudWatchOutputConfig", cloudWatchOutputConfig),
        M("AlarmConfiguration", alarmConfiguration),
    ])
}
