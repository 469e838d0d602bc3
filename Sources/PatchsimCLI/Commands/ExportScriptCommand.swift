import PatchScenarios

/// `patchsim export-script`: prints the account export script `patchsim import` reads.
enum ExportScriptCommand: Command {
    static let name = "export-script"
    static let abstract = "Print the shell script that exports an account's fleet for patchsim import."
    static let usage = "usage: patchsim export-script > export-fleet.sh"
    static let help = """
        \(usage)

        Prints a POSIX sh script that uses only the AWS CLI v2 and read-only calls
        (Describe, Get, List) to write one folder: each call's JSON output as the CLI prints
        it, named after the command. Run it in the customer's account and Region:

          sh export-fleet.sh --region eu-west-1 --out patch-export [--tag Env=prod | --instance-ids "i-1 i-2"]

        then `patchsim import patch-export --out scenario/`. The permissions it needs are
        listed in its header.

        Example:
          patchsim export-script > export-fleet.sh
          sh export-fleet.sh --region us-east-1 --out patch-export
          patchsim import patch-export --out customer/ --anonymise
        """

    static func run(_ raw: [String], console: Console) throws -> Int32 {
        _ = try Arguments(raw, options: [], usage: usage)
        console.out.write(ExportScript.text)
        return ExitCode.success
    }
}
