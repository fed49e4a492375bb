"""What people are unavailable for and when: the catalogue of unavailability types, the
unavailability records with their overlap rule, and the Add form's fields read into a span."""
