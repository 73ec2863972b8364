namespace MultusConfig.ApiServer; internal static class Placeholder { }
