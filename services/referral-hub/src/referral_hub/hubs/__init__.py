"""Community safety hubs: anti-social behaviour and other hub cases (`cases`), their risk
assessments (`risk`), problem-solving plans (`plans`), the ASB toolkit's interventions
(`interventions`) and the ASB case review, the "community trigger" (`trigger`)."""
