public enum World {}
