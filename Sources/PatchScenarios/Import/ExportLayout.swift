/// The folder an account export is ([17]): one file per AWS CLI call, named after the
/// command, per-resource calls in a folder of that name with one file per resource id.
/// The export script and the importer both take their names from here, so they cannot
/// drift apart.
public enum ExportLayout {
    public static let manifest = "export.json"
    public static let instanceInformation = "describe-instance-information.json"
    public static let ec2Instances = "describe-instances.json"
    public static let hybridTags = "list-tags-for-resource"
    public static let patchStates = "describe-instance-patch-states.json"
    public static let instancePatches = "describe-instance-patches"
    public static let inventory = "list-inventory-entries"
    public static let applicationType = "AWS:Application"
    public static let windowsUpdateType = "AWS:WindowsUpdate"
    public static let baselines = "describe-patch-baselines.json"
    public static let baseline = "get-patch-baseline"
    public static let patchGroups = "describe-patch-groups.json"
    public static let defaultBaseline = "get-default-patch-baseline"
    public static let windows = "describe-maintenance-windows.json"
    public static let window = "get-maintenance-window"
    public static let windowTargets = "describe-maintenance-window-targets"
    public static let windowTasks = "describe-maintenance-window-tasks"
    public static let windowTask = "get-maintenance-window-task"
    public static let windowExecutions = "describe-maintenance-window-executions"
    public static let associations = "list-associations.json"
    public static let association = "describe-association"
    public static let availablePatches = "describe-available-patches.json"
    /// Where a user may add real repository metadata: `repositories/<Product>/` holding
    /// `primary.xml` (+ `updateinfo.xml`) or an apt `lists/` folder.
    public static let repositories = "repositories"

    /// The operating systems `get-default-patch-baseline --operating-system` is asked for.
    public static let defaultBaselineSystems = [
        "WINDOWS", "AMAZON_LINUX", "AMAZON_LINUX_2", "AMAZON_LINUX_2022", "AMAZON_LINUX_2023", "UBUNTU", "REDHAT_ENTERPRISE_LINUX",
        "SUSE", "CENTOS", "ORACLE_LINUX", "DEBIAN", "MACOS", "RASPBIAN", "ROCKY_LINUX", "ALMA_LINUX",
    ]
}
