"""The reader's work by job, each a controller the app routes its actions and messages to."""
