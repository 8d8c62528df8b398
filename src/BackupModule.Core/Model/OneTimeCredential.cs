using System.Security;

namespace BackupModule.Model
{
    /// <summary>A user name and a password the service showed once, kept only as a read-only SecureString.</summary>
    internal sealed class OneTimeCredential
    {
        public OneTimeCredential(string userName, string password)
        {
            UserName = userName;
            Password = new SecureString();
            foreach (var c in password)
            {
                Password.AppendChar(c);
            }

            Password.MakeReadOnly();
        }

        public string UserName { get; }

        public SecureString Password { get; }

        public override string ToString() => UserName;
    }
}
